/**
 * The `start_approval` effect. It runs inside the order's transaction, so it must not call the
 * Workflows binding (a rollback could not take an instance back): it records the deterministic
 * instance id on the order, and the `order.approval_requested` event the same transition emits
 * starts the Workflow after commit (approval.events.ts).
 */
import { orderApprovalInstanceId } from "./approval.ports";
import { setApprovalInstance } from "./approval.repository";
import type { EffectHandlers } from "./order-effects.ports";

export function approvalEffectHandlers(): EffectHandlers {
  return {
    async start_approval(_config, ctx) {
      await setApprovalInstance(ctx.tx, ctx.order.id, orderApprovalInstanceId(ctx.order.id));
    },
  };
}
