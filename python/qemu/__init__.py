"""Python helpers for driving the emulator."""
