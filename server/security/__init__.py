"""Password hashing, JWTs and random tokens."""
