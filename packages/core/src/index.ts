// Every export of this file is public API of @mcpgw/core: change it deliberately.
export { ErrorCode, GatewayError, isNodeError, toGatewayError } from "./errors.js";
export type { GatewayErrorOptions } from "./errors.js";
export { EXIT_CODES, exitCodeOf } from "./exit-codes.js";
export { formatDiagnostic } from "./diagnostics.js";
export type { Diagnostic } from "./diagnostics.js";
export { errorResponse, isJsonRpcRequest, isJsonRpcResponse, JSON_RPC_ERROR_CODES, toJsonRpcError } from "./json-rpc.js";
export type { JsonRpcErrorObject, JsonRpcId, JsonRpcMessage } from "./json-rpc.js";
export { UpstreamError } from "./upstream-error.js";
export { encodeJsonRpc, SerializedResult } from "./serialized-result.js";
export type { SessionEra, SessionInfo, SessionTransport } from "./session.js";
export type { Connection, ConnectContext, Connector, MessageTransport, ServerExit, StartProgress } from "./connector.js";
export type { Principal } from "./principal.js";
export { FULL_ACCESS, grant, intersectAccess, resolveAccess, unionAccess } from "./access-policy.js";
export { scopeAccess } from "./profile-scope.js";
export type { ProfileScope } from "./profile-scope.js";
export type { Access, AccessPolicy, AccessRule } from "./access-policy.js";
export { decideAccess } from "./access-decision.js";
export type { AccessDecision, RuleMatch } from "./access-decision.js";
export { createToolFilter, matchesGlob, parseToolPattern, toolPatternProblem } from "./tool-pattern.js";
export { SecretValue } from "./secret-value.js";
export { isOAuthSecretName, OAUTH_SECRET_PREFIX, oauthTokensSecretName } from "./oauth-names.js";
export { formatBytes, parseSize } from "./size.js";
export { PULL_POLICIES } from "./image-pull.js";
export type { ImagePullEvent, LayerProgress, PullPolicy } from "./image-pull.js";
export { definedOnly } from "./defined.js";
export type { DefinedOnly } from "./defined.js";
export { didYouMean, editDistance } from "./suggest.js";
export { silentLogger } from "./logger.js";
export type { LogFields, Logger } from "./logger.js";
export { imageRepositoryKey, parseImageReference } from "./image-reference.js";
export type { ImageReference } from "./image-reference.js";
export { mountsEngineSocket, SHARING_MODES, toolsMountingEngineSocket } from "./server-spec.js";
export type {
  CatalogEntrySource,
  CommandLineSource,
  DockerServerSpec,
  OAuthClient,
  OAuthEnv,
  ProcessServerSpec,
  RemoteOAuth,
  RemoteServerSpec,
  ResourceLimits,
  ServerSpec,
  SignatureKey,
  ServerSpecBase,
  Sharing,
  SpecSource,
  ToolContainer,
  ToolContainersSpec,
  ToolMetadata,
} from "./server-spec.js";
