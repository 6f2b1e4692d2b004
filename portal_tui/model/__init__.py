"""The settings model: Pydantic models, rules and metadata. Pure: no I/O, no Textual."""
