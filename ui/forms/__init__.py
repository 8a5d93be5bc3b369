"""The data-entry forms: each a ``FormDialog`` over one service call."""
