import type { ApprovalParams, ApprovalWorkflowClient, DocumentStore } from "../accounts";

/** Registration documents in the DOCUMENTS R2 bucket (local storage under wrangler dev and tests). */
export function r2DocumentStore(bucket: R2Bucket): DocumentStore {
  return {
    async put(key, body, contentType) {
      await bucket.put(key, body, { httpMetadata: { contentType } });
    },
    async delete(key) {
      await bucket.delete(key);
    },
    async exists(key) {
      return (await bucket.head(key)) !== null;
    },
  };
}

/** The ACCOUNT_APPROVAL Workflows binding. Starting an instance that already exists is a no-op. */
export function approvalWorkflowClient(binding: Workflow<ApprovalParams>): ApprovalWorkflowClient {
  return {
    async start(id, params) {
      try {
        await binding.create({ id, params });
      } catch (e) {
        if (!/already exists|duplicate/i.test(String((e as Error)?.message))) throw e;
      }
    },
    async sendEvent(id, type, payload) {
      const instance = await binding.get(id);
      await instance.sendEvent({ type, payload });
    },
  };
}

export interface AccountsConfig {
  reminderAfter: string;
  maxReminders: number;
}

export function readAccountsConfig(env: Env): AccountsConfig {
  const vars = env as unknown as Record<string, string | undefined>;
  const max = Number(vars.ACCOUNT_DOCUMENT_MAX_REMINDERS ?? 3);
  return {
    reminderAfter: vars.ACCOUNT_DOCUMENT_REMINDER_AFTER || "3 days",
    maxReminders: Number.isInteger(max) && max >= 0 ? max : 3,
  };
}

/** Everything identity services need from Env, read in one place. */
export function identityPorts(env: Env) {
  return {
    authSecret: env.AUTH_SECRET as string,
    documents: r2DocumentStore(env.DOCUMENTS),
    workflow: approvalWorkflowClient(env.ACCOUNT_APPROVAL as unknown as Workflow<ApprovalParams>),
    ...readAccountsConfig(env),
  };
}
