"""Privacy tests use the public site's fixtures (awarded exemplars with decisions)."""

from tests.public.conftest import make_exemplar  # noqa: F401
