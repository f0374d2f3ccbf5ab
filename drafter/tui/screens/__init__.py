"""The screens of the drafting app: one module per step or dialog."""
