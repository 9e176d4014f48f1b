from django.urls import path

from danvan.web.generic import Register

from . import views

app_name = "people"

REGISTERS = [
    Register(
        "organizations", "organization", views.OrganizationListView.as_view(), views.OrganizationDetailView.as_view(),
        views.OrganizationEditView.as_view(), views.OrganizationDeleteView.as_view(),
    ),
    Register(
        "branches", "branch", views.BranchListView.as_view(), views.BranchDetailView.as_view(),
        views.BranchEditView.as_view(), views.BranchDeleteView.as_view(),
    ),
    Register(
        "people", "person", views.PersonListView.as_view(), views.PersonDetailView.as_view(),
        views.PersonEditView.as_view(), views.PersonDeleteView.as_view(),
    ),
    Register(
        "members", "membership", views.MembershipListView.as_view(), views.MembershipDetailView.as_view(),
        views.MembershipEditView.as_view(), views.MembershipDeleteView.as_view(),
    ),
    Register(
        "households", "household", views.HouseholdListView.as_view(), views.HouseholdDetailView.as_view(),
        views.HouseholdEditView.as_view(), views.HouseholdDeleteView.as_view(),
    ),
]

urlpatterns = [pattern for register in REGISTERS for pattern in register.urls()]

urlpatterns += [
    path("search/people/", views.person_search, name="person_search"),
    path("search/branches/", views.branch_search, name="branch_search"),
    path("search/households/", views.household_search, name="household_search"),
]
