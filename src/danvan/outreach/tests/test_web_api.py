"""Pages and API of plans, tasks and activities: create, edit, plan against actual, scope."""

from django.test import Client

from danvan.accounts.models import ApiToken
from danvan.outreach.models import Activity, Plan, PlanTask
from danvan.people.models import Person


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_plan_form_and_its_page_show_tasks_and_activities_against_it(cast):
    client = client_for(cast.editor_a)
    response = client.post("/outreach/plans/add/", {
        "code": "KH-MOI", "agency": "Sở Y tế", "unit": cast.village_a2.key, "start": "2026-02-01",
        "end": "2026-01-01", "situation": ""})
    assert response.status_code == 200 and "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()
    response = client.post("/outreach/plans/add/", {
        "code": "KH-MOI", "agency": "Sở Y tế", "unit": cast.village_a2.key, "start": "2026-02-01",
        "end": "2026-09-30", "situation": "Nhiều ca sốt xuất huyết."})
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get(code="KH-MOI")
    assert client.get(f"/outreach/plan-tasks/add/?plan={plan.pk}").status_code == 200
    response = client.post("/outreach/plan-tasks/add/", {
        "plan": plan.pk, "description": "Phát quang bụi rậm", "kind": "disease", "mode": "with_people",
        "planned_quantity": "4"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PlanTask.objects.get(plan=plan).unit == cast.village_a2  # a task lies in its plan's village
    page = client.get(f"/outreach/plans/{cast.plan_a1.pk}/").content.decode()
    assert "Bê tông hóa đường nội ấp" in page and "Cùng dân đổ bê tông đường nội ấp" in page
    assert 'class="striped plan-vs-actual"' in page and "Cảnh báo hình thức" not in page


def test_activity_form_with_named_cadres_and_a_plan_of_another_village(cast):
    cadre = Person.objects.create(code="CB-1", full_name="Trần Văn Cán", sex="male", unit=cast.village_a1,
                                  is_cadre=True)
    client = client_for(cast.editor_a)
    data = {"code": "HD-WEB", "title": "Cùng dân nạo vét kênh", "date": "2026-05-02", "unit": cast.village_a2.key,
            "plan": cast.plan_a1.pk, "kind": "infrastructure", "mode": "with_people", "lead_agency": "Sở Xây dựng",
            "partner_agencies": "Đoàn phường\nHội CCB", "agency_count": "1", "cadres": "5", "party_members": "2",
            "soldiers": "0", "named_cadres": [cadre.pk], "residents": "30", "value_vnd": "0", "labor_days": "10",
            "situation_note": "Kênh bồi lắng."}
    response = client.post("/outreach/activities/add/", data)
    assert "Kế hoạch phải ở cùng thôn, ấp với hoạt động." in response.content.decode()
    response = client.post("/outreach/activities/add/", {**data, "unit": cast.village_a1.key})
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = Activity.objects.get(code="HD-WEB")
    assert activity.agency_count == 3  # the lead and two named partners
    assert list(activity.named_cadres.all()) == [cadre]
    response = client.post(f"/outreach/activities/{activity.pk}/edit/", {**data, "unit": cast.village_a1.key,
                                                                         "residents": "3", "named_cadres": []})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.residents == 3 and not activity.named_cadres.exists()
    page = client.get(f"/outreach/activities/{activity.pk}/").content.decode()
    assert "Chỉ có 3 người dân tham gia (ngưỡng 10)." in page and "Hội CCB" in page


def test_out_of_scope_and_read_only(cast):
    activity = Activity.objects.get(code="HD-A1")
    other, viewer = client_for(cast.editor_b), client_for(cast.viewer_a)
    for path in ("", "edit/", "delete/", "history/"):
        assert other.get(f"/outreach/activities/{activity.pk}/{path}").status_code == 404
        assert other.get(f"/outreach/plans/{cast.plan_a1.pk}/{path}").status_code == 404
    assert viewer.get(f"/outreach/activities/{activity.pk}/").status_code == 200
    assert viewer.get(f"/outreach/activities/{activity.pk}/edit/").status_code == 403
    assert "HD-A1" not in other.get("/outreach/activities/").content.decode()


def test_api_create_edit_and_scope(cast):
    headers = {"Authorization": f"Bearer {ApiToken.issue(cast.editor_a)[1]}"}
    api = Client()
    body = {"code": "HD-API", "title": "Cùng dân làm đường", "date": "2026-06-01", "unit": cast.village_a1.key,
            "plan": cast.plan_a1.code, "kind": "infrastructure", "mode": "with_people", "lead_agency": "Sở GTVT",
            "partner_agencies": "Đoàn phường", "cadres": 4, "residents": 6}
    created = api.post("/api/v1/outreach-activities", body, content_type="application/json", headers=headers)
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["agency_count"], data["plan"], data["flags"]) == (
        2, cast.plan_a1.code, ["Chỉ có 6 người dân tham gia (ngưỡng 10).", "Chưa ghi tình hình thực tế của thôn, ấp."])
    pk = data["id"]
    patched = api.patch(f"/api/v1/outreach-activities/{pk}", {"residents": 25}, content_type="application/json",
                        headers=headers)
    assert patched.status_code == 200 and patched.json()["flags"] == ["Chưa ghi tình hình thực tế của thôn, ấp."]
    outside = api.post("/api/v1/outreach-activities", {**body, "code": "HD-API2", "unit": cast.village_b1.key,
                                                       "plan": None}, content_type="application/json",
                       headers=headers)
    assert outside.status_code == 422 and not Activity.objects.filter(code="HD-API2").exists()
    other = {"Authorization": f"Bearer {ApiToken.issue(cast.editor_b)[1]}"}
    assert api.get(f"/api/v1/outreach-activities/{pk}", headers=other).status_code == 404
    assert api.get(f"/api/v1/outreach-plans/{cast.plan_a1.pk}", headers=other).status_code == 404
    plans = api.get("/api/v1/outreach-plans", headers=headers).json()
    assert [p["code"] for p in plans["items"]] == [cast.plan_a1.code]
    tasks = api.get(f"/api/v1/outreach-tasks?plan={cast.plan_a1.code}", headers=headers).json()
    assert sorted(t["mode"] for t in tasks["items"]) == ["guidance", "with_people"]


def test_photos_of_an_activity(cast, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from danvan.outreach.models import ActivityEvidence

    settings.MEDIA_ROOT = str(tmp_path)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "PNG")
    activity = Activity.objects.get(code="HD-A1")
    client = client_for(cast.editor_a)
    upload = SimpleUploadedFile("be-tong.png", buffer.getvalue(), content_type="image/png")
    response = client.post(f"/outreach/activities/{activity.pk}/evidence/", {"files": [upload], "caption": "Đổ bê tông"})
    assert response.status_code == 302
    photo = ActivityEvidence.objects.get(activity=activity)
    assert photo.kind == "photo" and photo.caption == "Đổ bê tông"
    assert "Đổ bê tông" in client.get(f"/outreach/activities/{activity.pk}/").content.decode()
    assert client.get(f"/outreach/activities/evidence/{photo.pk}/").status_code == 200
    assert client_for(cast.editor_b).get(f"/outreach/activities/evidence/{photo.pk}/").status_code == 404


def test_plan_against_actual_per_agency_and_village(bc):
    client = client_for(bc.cast.editor_a)
    page = client.get("/outreach/plan-vs-actual/?period=2026Q1").content.decode()
    # KH-A1 in Q1: tasks 1 with the people + 1 guidance; S1 (guidance) logged in March.
    assert '<tr data-plan="KH-A1">' in page
    row = page.split('<tr data-plan="KH-A1">')[1].split("</tr>")[0]
    assert row.count("<td>1</td>") == 3 and row.count("<td>0</td>") == 1
    q2 = client.get("/outreach/plan-vs-actual/?period=2026Q2").content.decode().split('<tr data-plan="KH-A1">')[1]
    assert q2.split("</tr>")[0].endswith("<td>1</td><td>1</td><td>1</td><td>0</td>")  # the cast's April activity
    assert "KH-A1" not in client_for(bc.cast.editor_b).get("/outreach/plan-vs-actual/?period=2026").content.decode()
    assert "không hợp lệ" in client.get("/outreach/plan-vs-actual/?period=2026Q9").content.decode()
