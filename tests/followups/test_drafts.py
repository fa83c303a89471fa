"""The drafts' phrasing rules (pure, table-driven) and each draft for realistic rounds."""

import datetime as dt

import pytest

from followups import drafts
from followups.drafts import (
    FollowUpFacts,
    ReplyFacts,
    ThankYouFacts,
    as_sentence,
    first_name,
    join_list,
    list_phrase,
    lower_first,
    near_copies,
    paragraphs,
    round_phrase,
    salutation,
)

# --- Phrasing rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Design-to-code handoff", "design-to-code handoff"),
        ("The Medify case study", "the Medify case study"),
        ("Her team's move to Kotlin", "her team's move to Kotlin"),
        ("My portfolio", "my portfolio"),
        ("Kubernetes migration", "Kubernetes migration"),
        ("Medify case study", "Medify case study"),
        ("AWS cost review", "AWS cost review"),
        ("iOS release train", "iOS release train"),
        ("I think so", "I think so"),
        ("already lower", "already lower"),
        ("", ""),
    ],
)
def test_lower_first_lowers_common_words_and_keeps_names(phrase, expected):
    assert lower_first(phrase) == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["a"], "a"),
        (["a", "b"], "a and b"),
        (["a", "b", "c"], "a, b and c"),
        (["a", "", "  ", "b"], "a and b"),
        (["", ""], ""),
    ],
)
def test_join_list_reads_naturally(items, expected):
    assert join_list(items) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Medify case study\nMy references", "the Medify case study and my references"),
        ("Links to two code samples", "links to two code samples"),
        ("portfolio; slides; the write-up.", "portfolio, slides and the write-up"),
        ("- my portfolio\n- \n", "my portfolio"),
        ("", ""),
    ],
)
def test_list_phrase_embeds_a_list_written_one_item_a_line(text, expected):
    assert list_phrase(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i enjoyed hearing about your roadmap", "I enjoyed hearing about your roadmap."),
        ("Thanks for the tour!", "Thanks for the tour!"),
        ("  It was great.\n", "It was great."),
        ("Line one\nline two", "Line one line two."),
        ("ends with a comma,", "Ends with a comma."),
        ("", ""),
        ("   ", ""),
    ],
)
def test_as_sentence_makes_a_users_line_a_sentence(text, expected):
    assert as_sentence(text) == expected


@pytest.mark.parametrize(
    ("name", "custom", "expected"),
    [
        ("Priya Raman", "", "Dear Priya,"),
        ("priya", "", "Dear priya,"),
        ("Dr. Priya Raman", "", "Dear Dr Raman,"),
        ("Priya Raman", "Hi Priya", "Hi Priya,"),
        ("Priya Raman", "Dear Ms Raman,", "Dear Ms Raman,"),
        ("Priya Raman", "Hi Priya\r\nBcc: x", "Hi Priya Bcc: x,"),
        ("", "", "Dear hiring team,"),
        ("  ", "", "Dear hiring team,"),
    ],
)
def test_salutation_defaults_to_the_first_name(name, custom, expected):
    assert salutation(name, custom) == expected


@pytest.mark.parametrize(
    ("name", "expected"), [("Priya Raman", "Priya"), ("Ms Raman", "Ms Raman"), ("", "")]
)
def test_first_name(name, expected):
    assert first_name(name) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Phone screen", "phone screen"),
        ("Panel", "panel interview"),
        ("Technical", "technical interview"),
        ("Take-home review", "take-home review"),
        ("Hiring manager", "hiring-manager interview"),
        ("Other", "interview"),
        ("", "interview"),
    ],
)
def test_round_phrase(label, expected):
    assert round_phrase(label) == expected


def test_paragraphs_leave_no_blank_runs_for_missing_parts():
    assert paragraphs("Dear Ana,", "", "  ", "Thanks.") == "Dear Ana,\n\nThanks.\n"


# --- Thank-you text -------------------------------------------------------------------------

FULL = ThankYouFacts(
    interviewer_name="Priya Raman",
    mention="I enjoyed hearing how your team moved design-to-code handoff into Figma.",
    role="Product Designer",
    company="Medify",
    round_label="Panel",
    when="today",
    materials="The Medify case study\nMy references",
    article_url="https://example.org/handoff",
    better_answer="On the question about conflict: I would now lead with the Medify story.",
    sender="Casey Jordan",
)


def test_a_thank_you_with_every_part_reads_as_one_note():
    body = drafts.thank_you_text(FULL)
    assert body == (
        "Dear Priya,\n\n"
        "Thank you for taking the time to speak with me today about the Product Designer role "
        "at Medify. I enjoyed hearing how your team moved design-to-code handoff into Figma.\n\n"
        "As you asked, I am sending along the Medify case study and my references. Please let "
        "me know if anything else would be helpful.\n\n"
        "Our conversation reminded me of this article, which you may find interesting: "
        "https://example.org/handoff\n\n"
        "Thinking back on our conversation, I would like to add to one of my answers. On the "
        "question about conflict: I would now lead with the Medify story.\n\n"
        "I look forward to hearing about the next steps.\n\n"
        "Best regards,\nCasey Jordan\n"
    )


def test_a_thank_you_without_a_line_for_them_uses_the_rounds_facts():
    body = drafts.thank_you_text(ThankYouFacts(role="Product Designer", company="Medify"))
    assert body.startswith("Dear hiring team,\n\nThank you for taking the time to speak with me")
    assert "I appreciated the interview and the chance to learn more about how the team works" in (
        body
    )
    assert "As you asked" not in body and "article" not in body and "add to one" not in body
    assert "\n\n\n" not in body and "  " not in body


def test_a_thank_you_with_no_facts_at_all_has_no_dangling_words():
    body = drafts.thank_you_text(ThankYouFacts())
    assert "about the role." in body
    assert " at ." not in body and "  " not in body and "\n\n\n" not in body
    assert body.rstrip().endswith("Best regards,")


@pytest.mark.parametrize(
    ("role", "company", "expected"),
    [
        ("Designer", "Medify", "Thank you — Designer interview at Medify"),
        ("Designer", "", "Thank you — Designer interview"),
        ("", "", "Thank you for the interview"),
        ("Designer\r\nBcc: x@y.z", "Medify", "Thank you — Designer Bcc: x@y.z interview at Medify"),
    ],
)
def test_thank_you_subject_is_one_line(role, company, expected):
    assert drafts.thank_you_subject(role, company) == expected


# --- Panel near-copies ------------------------------------------------------------------------


def test_identical_panel_inputs_are_flagged_with_what_to_add():
    same = drafts.thank_you_text(ThankYouFacts(role="Designer", company="Medify"))
    found = near_copies([("Priya Raman", same), ("Tom Baker", same)])
    assert [(c.first, c.second) for c in found] == [("Priya Raman", "Tom Baker")]
    assert found[0].percent == 100
    assert "one thing to mention" in found[0].advice.lower()


def test_distinct_panel_inputs_are_not_flagged():
    a = drafts.thank_you_text(
        ThankYouFacts(
            interviewer_name="Priya Raman",
            role="Designer",
            company="Medify",
            mention="Your story about rebuilding the design system in six weeks stayed with "
            "me, especially how you got engineering to own the component library and the "
            "accessibility checks that came with it.",
        )
    )
    b = drafts.thank_you_text(
        ThankYouFacts(
            interviewer_name="Tom Baker",
            role="Designer",
            company="Medify",
            mention="Thank you for walking me through the research repository; the way your "
            "team tags interview clips by patient journey is something I would love to "
            "help grow, and I have been thinking about it since.",
            materials="my portfolio",
        )
    )
    assert drafts.similarity(a, b) <= drafts.NEAR_COPY_RATIO
    assert near_copies([("Priya Raman", a), ("Tom Baker", b)]) == []


# --- Follow-ups and replies -------------------------------------------------------------------

TODAY = dt.date(2026, 3, 24)


def test_a_first_follow_up_refers_to_the_decision_date_they_gave():
    body = drafts.follow_up_text(
        FollowUpFacts(
            recipient="Sam Lee",
            role="Designer",
            company="Medify",
            interview_day=dt.date(2026, 3, 10),
            decision_on=dt.date(2026, 3, 20),
            today=TODAY,
            sender="Casey",
        )
    )
    assert body.startswith(
        "Dear Sam,\n\nI hope you are well. I am writing to follow up on my "
        "interview for the Designer role at Medify on Tuesday, 10 March."
    )
    assert "decision by Friday, 20 March" in body
    assert "any update" in body


def test_a_follow_up_without_a_date_refers_to_the_time_since_the_thank_you():
    body = drafts.follow_up_text(
        FollowUpFacts(role="Designer", company="Medify", today=TODAY, days_since_thank_you=8)
    )
    assert "It has been about a week since we spoke" in body
    assert body.startswith("Dear hiring team,")


def test_a_second_follow_up_is_patient_not_pushy():
    body = drafts.follow_up_text(
        FollowUpFacts(role="Designer", company="Medify", today=TODAY, again=True)
    )
    assert "once more" in body
    assert "I understand these decisions take time" in body
    assert (
        drafts.follow_up_subject("Designer", again=True) == "Following up again: Designer interview"
    )


def test_a_rejection_reply_thanks_asks_to_be_considered_and_optionally_for_feedback():
    facts = ReplyFacts(recipient="Sam Lee", role="Designer", company="Medify", sender="Casey")
    body = drafts.rejection_reply_text(facts)
    assert body.startswith("Dear Sam,\n\nThank you for letting me know")
    assert "considered for future roles at Medify" in body
    assert "feedback" in body
    without = drafts.rejection_reply_text(
        ReplyFacts(role="Designer", company="Medify", ask_feedback=False)
    )
    assert "feedback" not in without and "\n\n\n" not in without


def test_an_offer_reply_confirms_the_deadline_and_asks_for_it_in_writing():
    body = drafts.offer_reply_text(
        ReplyFacts(
            recipient="Sam Lee",
            role="Designer",
            company="Medify",
            offer_deadline=dt.date(2026, 4, 3),
        )
    )
    assert "my answer by Friday, 3 April" in body
    assert "offer in writing" in body
    assert "my decision by then" in body
    no_deadline = drafts.offer_reply_text(ReplyFacts(role="Designer", company="Medify"))
    assert "by when you would like my answer" in no_deadline
    assert "by then" not in no_deadline


def test_a_line_that_thanks_them_changes_the_opening_so_thanks_is_not_said_twice():
    body = drafts.thank_you_text(
        ThankYouFacts(role="Designer", company="Medify", mention="thanks for the studio tour")
    )
    assert "It was a pleasure to speak with you about the Designer role at Medify. Thanks" in body
    assert body.count("Thank") == 0 or "Thank you for taking" not in body
