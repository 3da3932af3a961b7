"""Web helpers of the Borgingsmonitor: login sessions and CSRF protection."""
