from django.urls import path

from . import views

app_name = "data"

urlpatterns = [
    path("import/", views.import_index, name="import_index"),
    path("import/<slug:kind>/", views.import_file, name="import"),
    path("template/<slug:kind>.<slug:fmt>", views.template_file, name="template"),
    path("export/<slug:kind>/", views.export_file, name="export"),
]
