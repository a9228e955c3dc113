/** Typed view of the Worker's vars and secrets; the only place that reads them. */
export interface AppConfig {
  environment: string;
  introspection: boolean;
  defaultChannel: string;
  authSecret: string;
}

export function readConfig(env: Env): AppConfig {
  const secret = env.AUTH_SECRET as string;
  if (!secret || secret.length < 32) throw new Error("AUTH_SECRET must be set to at least 32 characters");
  return {
    environment: (env.ENVIRONMENT as string | undefined) ?? "production",
    introspection: (env.GRAPHQL_INTROSPECTION as string) !== "false",
    defaultChannel: (env.DEFAULT_CHANNEL as string) || "b2c",
    authSecret: secret,
  };
}
