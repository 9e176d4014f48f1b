from django.urls import path

from . import views

app_name = "data"

urlpatterns = [
    path("import/", views.import_index, name="import_index"),
    path("import/<slug:kind>/", views.import_file, name="import"),
    path("template/<slug:kind>.<slug:fmt>", views.template_file, name="template"),
    path("export/<slug:kind>/", views.export_file, name="export"),
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/start/<slug:kind>/", views.job_start, name="job_start"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/status.json", views.job_status, name="job_status"),
    path("jobs/<int:pk>/errors.txt", views.job_errors, name="job_errors"),
    path("jobs/<int:pk>/file", views.job_file, name="job_file"),
    path("jobs/<int:pk>/confirm/", views.job_confirm, name="job_confirm"),
]
