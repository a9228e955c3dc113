/** What registration needs from the platform (R2 bucket, Workflows binding), implemented in shared/platform. */
export interface DocumentStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

export interface ApprovalParams {
  accountId: string;
  /** Workflows duration to wait for missing documents before each reminder ("3 days") */
  reminderAfter: string;
  maxReminders: number;
}

export interface ApprovalWorkflowClient {
  start(instanceId: string, params: ApprovalParams): Promise<void>;
  sendEvent(instanceId: string, type: "documents-uploaded" | "decision", payload: unknown): Promise<void>;
}

export function approvalInstanceId(accountId: string): string {
  return `account-approval-${accountId}`;
}
