export {
  ADMIN_API_VERSION,
  ADMIN_ROUTES,
  ADMIN_SOCKET_FILE,
  ADMIN_STATUS,
  DOWN_ROUTE,
  STATUS_ROUTE,
  routeKey,
  statusOfCode,
  type AdminRoute,
  type CollapseLevel,
  type DownResponse,
  type ErrorBody,
  type NodeStatus,
  type StatusResponse,
} from "./admin-api.js";
export { fromErrorBody, toErrorBody } from "./error-wire.js";
