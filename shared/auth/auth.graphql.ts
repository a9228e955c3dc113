import { builder } from "../kernel/graphql/builder";
import type { GraphQLContext } from "../kernel/graphql/context";
import type { AuthTokens } from "./auth.service";
import type { StaffLoginResult } from "./staff-auth.service";

/** Client address for per-IP login limits: Cloudflare sets cf-connecting-ip (yoga adds `request` to the context). */
export function clientIp(ctx: GraphQLContext): string | null {
  const req = (ctx as GraphQLContext & { request?: Request }).request;
  return req?.headers.get("cf-connecting-ip") ?? null;
}

export const AuthPayloadType = builder.objectRef<AuthTokens>("AuthPayload").implement({
  description: "A signed short-lived access token and a single-use rotating refresh token",
  fields: (t) => ({
    accessToken: t.exposeString("accessToken"),
    refreshToken: t.exposeString("refreshToken"),
    expiresIn: t.exposeInt("expiresIn", { description: "access token lifetime in seconds" }),
    kind: t.string({ resolve: (a) => a.principal.kind }),
  }),
});

const StaffLoginPayload = builder.objectRef<StaffLoginResult>("StaffLoginPayload").implement({
  description: "Either tokens, or (second factor enabled) a challenge to answer with staffVerifySecondFactor",
  fields: (t) => ({
    secondFactorRequired: t.boolean({ resolve: (r) => r.kind === "challenge" }),
    challengeToken: t.string({ nullable: true, resolve: (r) => (r.kind === "challenge" ? r.challengeToken : null) }),
    tokens: t.field({ type: AuthPayloadType, nullable: true, resolve: (r) => (r.kind === "tokens" ? r.tokens : null) }),
  }),
});

const TotpEnrollment = builder.objectRef<{ otpauthUri: string }>("TotpEnrollment").implement({
  fields: (t) => ({ otpauthUri: t.exposeString("otpauthUri", { description: "shown once: scan it into an authenticator app" }) }),
});
const RecoveryCodes = builder.objectRef<{ recoveryCodes: string[] }>("RecoveryCodes").implement({
  fields: (t) => ({ recoveryCodes: t.exposeStringList("recoveryCodes", { description: "shown once; each works a single time" }) }),
});

const SubjectKindEnum = builder.enumType("LoginKind", { values: ["EMPLOYEE", "CUSTOMER"] as const });

builder.mutationFields((t) => ({
  employeeLogin: t.field({
    subGraphs: ["shop"],
    type: AuthPayloadType,
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.auth.login("employee", a, clientIp(ctx)),
  }),
  customerLogin: t.field({
    subGraphs: ["shop"],
    type: AuthPayloadType,
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.auth.login("customer", a, clientIp(ctx)),
  }),
  refreshSession: t.field({
    subGraphs: ["shop", "admin"],
    type: AuthPayloadType,
    args: { refreshToken: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.auth.refresh(a.refreshToken),
  }),
  logout: t.boolean({
    subGraphs: ["shop", "admin"],
    args: { refreshToken: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.auth.logout(a.refreshToken),
  }),
  requestPasswordReset: t.boolean({
    subGraphs: ["shop"],
    description: "Always true (does not reveal whether the email exists); the token is delivered out of band",
    args: { kind: t.arg({ type: SubjectKindEnum, required: true }), email: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.auth.requestPasswordReset(a.kind === "EMPLOYEE" ? "employee" : "customer", a.email),
  }),
  resetPassword: t.boolean({
    subGraphs: ["shop", "admin"],
    description: "Sets a new password with a reset or invitation token (single use); ends all sessions",
    args: { token: t.arg.string({ required: true }), newPassword: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.auth.resetPassword(a.token, a.newPassword),
  }),
  changePassword: t.boolean({
    subGraphs: ["shop", "admin"],
    args: { currentPassword: t.arg.string({ required: true }), newPassword: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.auth.changePassword(ctx.principal, a.currentPassword, a.newPassword),
  }),
  staffLogin: t.field({
    subGraphs: ["admin"],
    type: StaffLoginPayload,
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.staffAuth.login(a, clientIp(ctx)),
  }),
  staffVerifySecondFactor: t.field({
    subGraphs: ["admin"],
    type: AuthPayloadType,
    args: {
      challengeToken: t.arg.string({ required: true }),
      code: t.arg.string({ required: false }),
      recoveryCode: t.arg.string({ required: false }),
    },
    resolve: (_r, a, ctx) => ctx.services.staffAuth.verifySecondFactor(a.challengeToken, a.code ?? null, a.recoveryCode ?? null),
  }),
  beginTotpEnrollment: t.field({
    subGraphs: ["admin"],
    type: TotpEnrollment,
    resolve: (_r, _a, ctx) => ctx.services.staffAuth.beginTotpEnrollment(ctx.principal),
  }),
  confirmTotpEnrollment: t.field({
    subGraphs: ["admin"],
    type: RecoveryCodes,
    args: { code: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.staffAuth.confirmTotpEnrollment(ctx.principal, a.code),
  }),
}));
