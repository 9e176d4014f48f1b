"""The public pages (``/cong-khai/``, no login): the index, the unit pages and public photos.

An installed app may add public pages of its own in a ``public_urls`` module (``urlpatterns``):
``app_public_urlpatterns()`` puts them under ``/cong-khai/<url_prefix>/`` (the app's label when it
has no prefix), named ``<label>_public:<name>``; the root URLconf includes them before this
module, so they come before the unit pages' ``<key>/``.
"""

from importlib import import_module
from typing import Any

from django.apps import apps
from django.urls import include, path
from django.utils.module_loading import module_has_submodule

from . import public_views

app_name = "public"
MODULE = "public_urls"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("anh/<str:app_label>/<str:model_name>/<int:pk>/", public_views.evidence, name="evidence"),
    path("<str:key>/", public_views.unit_page, name="unit"),
]


def app_public_urlpatterns() -> list[Any]:
    """One include per installed app with a ``public_urls`` module, namespaced ``<label>_public``."""
    result = []
    for config in apps.get_app_configs():
        if config.name == __package__ or not module_has_submodule(config.module, MODULE):
            continue
        module = import_module(f"{config.name}.{MODULE}")
        prefix = getattr(config, "url_prefix", None) or config.label
        result.append(path(f"{prefix}/", include((module.urlpatterns, f"{config.label}_public"))))
    return result
