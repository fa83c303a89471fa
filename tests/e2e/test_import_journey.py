"""Issue 14: a US job seeker imports the messy spreadsheet they kept by hand — dates as they
typed them, another tracker's stage names, links without https:// — and every row lands."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from accounts.factories import UserFactory
from interviews.models import JobApplication

from .conftest import E2E_PASSWORD, axe_check, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# 20 rows the way people keep them: a Huntr-like header, every date format of the report.
MESSY_US_FILE = """Company,Job Title,Stage,Date Applied,Location,Job Link,Notes
Acme Robotics,Senior Backend Engineer,Phone screen,11/3/2026,"Austin, TX",acme.com/careers/123,Dana
Globex,Platform Engineer,Applied,"Nov 5, 2026",Remote,https://globex.example/jobs/9,
Initech,Data Analyst,Rejected,9/22/26,"Dallas, TX",www.initech.example/jobs/analyst,Form rejection
Hooli,SRE,Interview,3 Nov 2026,"Mountain View, CA",hooli.example/jobs/sre,Onsite next week
Pied Piper,Backend Developer,Screening,Nov 21,"Palo Alto, CA",,Referral from Jared
Umbrella Health,Python Developer,Applied,10.11.2026,"Raleigh, NC",umbrella.example/job?id=77,
Stark Industries,Staff Engineer,Offer,2026/11/04,"New York, NY",https://stark.example/careers/staff,Negotiating
Wayne Enterprises,Software Engineer II,Declined,11-06-2026,"Chicago, IL",wayne.example/jobs/swe2,
Soylent,Full Stack Engineer,Wishlist,,"Remote",soylent.example/jobs/fs,Apply after the holidays
Tyrell Corp,ML Engineer,Saved,,"Seattle, WA",,
Cyberdyne,DevOps Engineer,Applied,10/1/2026,"San Diego, CA",cyberdyne.example/jobs/devops,
Wonka Industries,QA Engineer,applied,2026-10-15,"Portland, OR",https://wonka.example/qa,
Vandelay Industries,Importer,Phone Screen,"October 20, 2026","New York, NY",vandelay.example,
Massive Dynamic,Research Engineer,Interview,10/27/26,"Boston, MA",massive.example/research,Take-home
Oscorp,Frontend Engineer,Rejected,"Oct 2, 2026","New York, NY",oscorp.example/fe,
Nakatomi Trading,Security Engineer,Applied,9/30/2026,"Los Angeles, CA",nakatomi.example/sec,
Dunder Mifflin,Sales Engineer,Ghosted,8/15/2026,"Scranton, PA",,Never heard back
Prestige Worldwide,Product Engineer,Applied,"Sep 9, 2026",Remote,prestige.example/jobs/pe,
Aperture Science,Test Engineer,Screening,7/4/26,"Cleveland, OH",aperture.example/jobs/test,
Monsters Inc,Energy Engineer,Offer,12/1/2026,"Chicago, IL",monsters.example/jobs/energy,Call Fri
"""


def test_a_messy_us_spreadsheet_imports_whole(page, transactional_db):
    user = UserFactory(email="casey@example.com", full_name="Casey", time_zone="America/New_York")
    log_in(page, user.email, E2E_PASSWORD)

    page.goto("/pipeline/import/")
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "my-jobs.csv", "mimeType": "text/csv", "buffer": MESSY_US_FILE.encode()}]
    )
    page.get_by_role("button", name="Upload and continue").click()

    # Another tracker's header: the columns are guessed and only need a look.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Match")
    page.get_by_role("button", name="Continue to the preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check and import")
    expect(page.get_by_role("status")).to_contain_text("All 20 rows look good")
    row = page.locator("tr[data-line='2']")
    expect(row).to_contain_text("2026-11-03")
    expect(row).to_contain_text("“11/3/2026” read as 3 November 2026 (month first")
    expect(row).to_contain_text("“Phone screen” read as Interviewing")
    expect(page.locator("tr[data-line='10']")).to_contain_text("Wishlist")
    expect(page.locator("tr[data-line='10']")).to_contain_text("No date applied: the upload date")
    expect(page.get_by_text("are read month first")).to_be_visible()
    axe_check(page)
    for width, height in ((1440, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        name = f"import_preview_{width}x{height}"
        screenshot(page, name, full_page=True)
        page.locator("tr[data-line='9']").scroll_into_view_if_needed()
        screenshot(page, f"{name}_viewport")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Import 20 applications").click()

    expect(page).to_have_url(re.compile(r"/pipeline/$"))
    expect(page.get_by_text("Imported 20 applications from your file.")).to_be_visible()
    applications = {a.company_name: a for a in JobApplication.objects.owned_by(user)}
    assert len(applications) == 20
    expected = {
        "Acme Robotics": ("interviewing", dt.date(2026, 11, 3)),
        "Globex": ("applied", dt.date(2026, 11, 5)),
        "Initech": ("rejected", dt.date(2026, 9, 22)),
        "Hooli": ("interviewing", dt.date(2026, 11, 3)),
        "Umbrella Health": ("applied", dt.date(2026, 10, 11)),  # month first, as in the US
        "Stark Industries": ("offer", dt.date(2026, 11, 4)),
        "Wayne Enterprises": ("rejected", dt.date(2026, 11, 6)),
        "Dunder Mifflin": ("no_response", dt.date(2026, 8, 15)),
        "Aperture Science": ("interviewing", dt.date(2026, 7, 4)),
    }
    for company, (status, applied) in expected.items():
        assert (applications[company].status, applications[company].date_applied) == (
            status,
            applied,
        ), company
    assert applications["Acme Robotics"].job_posting_url == "https://acme.com/careers/123"
    assert applications["Vandelay Industries"].job_posting_url == "https://vandelay.example"
    assert applications["Soylent"].date_applied is not None  # the upload day, said so above
    pied_piper = applications["Pied Piper"].date_applied
    assert (pied_piper.month, pied_piper.day) == (11, 21)  # no year: the most recent Nov 21

    # A double-click, a second tab, the back button: the same file adds nothing.
    page.go_back()
    page.reload()
    expect(page.get_by_text("This file is imported")).to_be_visible()
    assert JobApplication.objects.owned_by(user).count() == 20


def test_the_valid_rows_import_and_the_others_download(page, transactional_db):
    user = UserFactory(email="sam@example.com", full_name="Sam", time_zone="America/Chicago")
    log_in(page, user.email, E2E_PASSWORD)
    text = MESSY_US_FILE + "Contoso,,Applied,13/45/2026,,,\nFabrikam,Engineer,On hold,,,,\n"
    page.goto("/pipeline/import/")
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "jobs.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Upload and continue").click()
    page.get_by_role("button", name="Continue to the preview").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("2 of 22 rows cannot be imported")
    problems = page.locator("[data-row-errors]")
    expect(problems).to_contain_text("Line 22 (Contoso): The role is missing.")
    expect(problems).to_contain_text("Unknown status “On hold”")
    for width, height in ((1440, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"import_problems_{width}x{height}")
    with page.expect_download() as download:
        alert.get_by_role("link", name="Download the 2 rows with problems (CSV)").click()
    skipped = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    assert (
        skipped.splitlines()[0]
        == "line,Company,Job Title,Stage,Date Applied,Location,Job Link,Notes,problems"
    )
    assert len(skipped.splitlines()) == 3

    alert.get_by_role("button", name="Import the 20 valid rows and skip the 2 others").click()

    expect(
        page.get_by_text("Imported 20 applications from your file. 2 rows were skipped")
    ).to_be_visible()
    assert JobApplication.objects.owned_by(user).count() == 20
