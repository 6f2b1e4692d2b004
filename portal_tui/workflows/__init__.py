"""What the command line and the editor both do, written once: sync with Stripe."""
