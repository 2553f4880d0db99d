export {
  ADMIN_MAX_BODY_BYTES,
  ADMIN_REQUEST_TIMEOUT_MS,
  AdminServer,
  type AdminHandler,
  type AdminServerOptions,
} from "./admin-server.js";
