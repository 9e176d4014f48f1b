from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo province and the benchmarks: composes every app, so nothing imports it."""

    name = "danvan.demo"
    label = "demo"
