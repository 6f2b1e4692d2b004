"""Full screens of the editor: the editor itself, review, profiles, compare, history, export, help, find."""
