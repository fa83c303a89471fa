from django.template.loader import render_to_string
from django.urls import reverse


def render_card(rf, user):
    request = rf.get("/profile/")
    request.user = user
    return render_to_string("pipeline/_profile_data_card.html", {"user": user}, request=request)


def test_profile_card_links_the_calendar_and_the_data_pages(rf, user):
    html = render_card(rf, user)
    feed = reverse("pipeline:calendar_feed", args=[user.calendar_token])
    assert f'value="http://testserver{feed}"' in html
    assert f'href="webcal://testserver{feed}"' in html
    for name in (
        "calendar_token_regenerate",
        "export_json",
        "export_csv",
        "import_upload",
        "account_delete",
    ):
        assert reverse(f"pipeline:{name}") in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_data_pages_need_login(client, db):
    for name in ("export_json", "export_csv", "import_upload", "account_delete"):
        response = client.get(reverse(f"pipeline:{name}"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
