export { ADMIN_TIMEOUT_MS, AdminClient, type AdminClientOptions } from "./admin-client.js";
