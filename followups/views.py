from config.placeholder import section_placeholder

today = section_placeholder("Today")
step_action = section_placeholder("Step")
thank_you_composer = section_placeholder("Thank-you note")
follow_up_composer = section_placeholder("Follow-up email")
