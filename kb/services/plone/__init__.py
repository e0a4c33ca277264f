"""Moving in from the old Plone site: reading collective.exportimport files, mapping and importing them."""
