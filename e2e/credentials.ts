/** The administrator the e2e server is started with (a throw-away in-memory database). */
export const E2E_ADMIN_USERNAME = 'admin';
export const E2E_ADMIN_PASSWORD = 'e2e-admin-password-123';
