"""Many-to-many link tables between the aggregates. Each link is shown from both ends."""

from sqlalchemy import Index

from kb.models.base import link_table

method_area = link_table("method_area", "method", "intervention_area")
method_municipality = link_table("method_municipality", "method", "municipality")
# The key starts with the method; a municipality's methods (its page, its count) are read from this end.
Index("ix_method_municipality_municipality", method_municipality.c.municipality_id, method_municipality.c.method_id)

conference_organisation = link_table("conference_organisation", "conference", "organisation")
conference_area = link_table("conference_area", "conference", "intervention_area")
conference_method = link_table("conference_method", "conference", "method")
conference_development_area = link_table("conference_development_area", "conference", "development_area")

programme_item_area = link_table("programme_item_area", "programme_item", "intervention_area")
programme_item_method = link_table("programme_item_method", "programme_item", "method")
programme_item_development_area = link_table("programme_item_development_area", "programme_item", "development_area")

output_area = link_table("output_area", "conference_output", "intervention_area")
output_method = link_table("output_method", "conference_output", "method")
output_development_area = link_table("output_development_area", "conference_output", "development_area")

development_area_area = link_table("development_area_area", "development_area", "intervention_area")
development_area_method = link_table("development_area_method", "development_area", "method")
