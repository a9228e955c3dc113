export { signAccessToken, verifyAccessToken, type AccessTokenClaims } from "./access-token";
