"""Create tokens, quota buckets and jobs.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "tokens",
        sa.Column("token_uid", sa.String(64), primary_key=True),
        sa.Column("social_platform", sa.String(16), nullable=False),
        sa.Column("sealed_secret", sa.Text, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_table(
        "quota_buckets",
        sa.Column(
            "token_uid",
            sa.String(64),
            sa.ForeignKey("tokens.token_uid", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("bucket", sa.String(32), primary_key=True),
        sa.Column("daily_limit", sa.Integer, nullable=False),
        sa.Column("remaining", sa.Integer, nullable=False),
        sa.Column("modified_at", WHEN, nullable=False),
    )
    op.create_table(
        "jobs",
        sa.Column("job_uid", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column(
            "token_uid",
            sa.String(64),
            sa.ForeignKey("tokens.token_uid"),
            nullable=False,
        ),
        sa.Column("social_platform", sa.String(16), nullable=False),
        sa.Column("job_status", sa.String(16), nullable=False),
        sa.Column("job_name", sa.String(200)),
        sa.Column("spec", sa.JSON, nullable=False),
        sa.Column("progress", sa.JSON, nullable=False),
        sa.Column("checkpoint", sa.JSON, nullable=False),
        sa.Column("job_message", sa.Text),
        sa.Column("output_path", sa.Text, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.Column("resume_after", WHEN),
        sa.Column("pause_reason", sa.Text),
        sa.Column("pause_kind", sa.String(16)),
        sa.Column("requested", sa.String(16)),
        sa.Column("lease_id", sa.String(36)),
        sa.Column("lease_expires", WHEN),
        sa.Column("claims", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_jobs_token_uid", "jobs", ["token_uid"])
    op.create_index("ix_jobs_job_status", "jobs", ["job_status"])


def downgrade() -> None:
    op.drop_table("jobs")
    op.drop_table("quota_buckets")
    op.drop_table("tokens")
