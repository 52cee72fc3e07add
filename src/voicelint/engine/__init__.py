"""Runs the checks over posts and sets of posts: rules, selection, context, caches, parallel and distributed runs."""
