"""The person key of a dossier (ward, folded name, birth year) and "one active dossier per
person and campaign" on it: two posts of the new-dossier form at the same instant used to
create two nominees, hence two drafts that the (nominee, campaign) constraint did not see.

Existing rows get their key from their nominee; where two active dossiers of a campaign
already share one, the older keeps it and the others keep NULL (outside the constraint) for
the council to sort out: the migration never refuses to run on old data.
"""

from django.conf import settings
from django.db import migrations, models


ACTIVE = "('draft', 'submitted', 'returned', 'in_review', 'recommended', 'awarded')"

FILL = """
UPDATE nominations_nomination SET person_key = (
    SELECT CAST(nn.ward_id AS TEXT) || ':' || nn.name_folded || ':'
           || COALESCE(CAST(nn.birth_year AS TEXT), '')
    FROM nominations_nominee nn WHERE nn.id = nominations_nomination.nominee_id
)
"""

UNSHARE = f"""
UPDATE nominations_nomination SET person_key = NULL WHERE id IN (
    SELECT id FROM (
        SELECT id, ROW_NUMBER() OVER (PARTITION BY campaign_id, person_key ORDER BY id) AS rn
        FROM nominations_nomination WHERE state IN {ACTIVE}
    ) ranked WHERE rn > 1
)
"""


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0004_field_names_in_vietnamese'),
        ('emulation', '0007_field_names_in_vietnamese'),
        ('nominations', '0008_sort_key_vietnamese_order'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='nomination',
            name='person_key',
            field=models.CharField(blank=True, editable=False, max_length=260, null=True, verbose_name='khóa người được đề nghị'),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.RunSQL(UNSHARE, migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name='nomination',
            constraint=models.UniqueConstraint(condition=models.Q(('state__in', ['draft', 'submitted', 'returned', 'in_review', 'recommended', 'awarded'])), fields=('campaign', 'person_key'), name='one_active_nomination_per_person', violation_error_message='Người này đã có hồ sơ trong phong trào này.'),
        ),
    ]
