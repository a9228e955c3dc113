import type { AuthService } from "./auth.service";
import type { StaffAuthService } from "./staff-auth.service";
import "./auth.graphql";

export { signAccessToken, verifyAccessToken, type AccessTokenClaims } from "./access-token";
export { refreshTokens, passwordResetTokens, staffRecoveryCodes, staffLoginChallenges } from "./auth.tables";
export { AuthService, INVALID_CREDENTIALS, type AuthDeps, type AuthTokens } from "./auth.service";
export { StaffAuthService, INVALID_SECOND_FACTOR, sealTotpSecret, hashRecoveryCode } from "./staff-auth.service";
export { hashPassword, verifyPassword, needsRehash, PASSWORD_ITERATIONS } from "./password-hash";
export { LoginThrottle, DEFAULT_LOGIN_LIMITS, type AttemptCounter, type LoginLimits } from "./login-throttle";
export { totpCode, verifyTotp, generateTotpSecret, generateRecoveryCodes } from "./totp";
export { DEFAULT_LIFETIMES, type TokenLifetimes } from "./refresh-rotation";

declare module "../kernel/graphql/context" {
  interface Services {
    auth: AuthService;
    staffAuth: StaffAuthService;
  }
}
