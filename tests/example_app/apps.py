from django.apps import AppConfig


class ExampleConfig(AppConfig):
    name = "tests.example_app"
    label = "example"
    url_prefix = "example"  # its pages are derived under /example/
