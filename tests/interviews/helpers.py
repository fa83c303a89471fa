"""POST payloads shaped like the pages' forms."""


def interviewer_rows(rows, *, initial=0, prefix="interviewers"):
    """Formset data for `rows` (dicts with name/title/email/notes, optional id/DELETE)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            if key == "DELETE":
                if value:
                    data[f"{prefix}-{index}-DELETE"] = "on"
            else:
                data[f"{prefix}-{index}-{key}"] = value
    return data


def round_data(**overrides):
    data = {
        "round_label": "technical",
        "format": "video",
        "starts_at": "2026-03-12T09:30",
        "ends_at": "2026-03-12T10:30",
        "time_zone": "",
        "location": "https://meet.example.com/xyz",
        "topics": "Their move to event sourcing",
        "next_steps": "given",
        "expected_decision_on": "2026-03-20",
    }
    data.update(overrides)
    return data
