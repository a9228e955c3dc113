import { readApprovalTiming, type ApprovalTimingConfig, type OrderApprovalParams, type OrderApprovalWorkflowClient } from "../orders";

/** Reminder/escalation/expiry durations from ORDER_APPROVAL_* vars (defaults: 1, 3, 7 days; PO review 7 days). */
export function readOrderApprovalTiming(env: Env): ApprovalTimingConfig {
  return readApprovalTiming(env as unknown as Record<string, string | undefined>);
}

const isMissing = (e: unknown) => /not.?found|does not exist|no such instance/i.test(String((e as Error)?.message ?? e));

/**
 * The ORDER_APPROVAL Workflows binding. Creating an instance that already exists is a no-op;
 * signalling one that does not exist reports false instead of throwing.
 */
export function orderApprovalWorkflowClient(env: Env): OrderApprovalWorkflowClient {
  const binding = env.ORDER_APPROVAL as unknown as Workflow<OrderApprovalParams>;
  return {
    async start(id, params) {
      try {
        await binding.create({ id, params: { ...params, ...readOrderApprovalTiming(env) } });
      } catch (e) {
        if (!/already exists|duplicate/i.test(String((e as Error)?.message))) throw e;
      }
    },
    async sendEvent(id, type, payload) {
      let instance: WorkflowInstance;
      try {
        instance = await binding.get(id);
      } catch (e) {
        if (isMissing(e)) return false;
        throw e;
      }
      await instance.sendEvent({ type, payload });
      return true;
    },
  };
}
