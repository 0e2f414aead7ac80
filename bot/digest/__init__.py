"""The weekly digest of coop life: one topic a week built from what the bot recorded."""
