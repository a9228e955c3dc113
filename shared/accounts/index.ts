import type { AccountsService } from "./accounts.service";
import type { CustomersService } from "./customers.service";
import type { RegistrationService } from "./registration.service";
import type { StaffService } from "./staff.service";
import "./accounts.graphql";
import "./identity.graphql";

export * from "./accounts.tables";
export { AccountStatus, ACCOUNT_STATUS_NAMES, DEFAULT_TRANSITIONS, canOrder, canTransition, assertTransition, canEmployeeSignIn, type TransitionTable } from "./account-status";
export { EMPLOYEE_ROLES, roleSpec, visibleLocationIds, requireEmployee, requireCustomer, requireAccountAdmin, requireStaffPermission, type EmployeePrincipal, type StaffPrincipal } from "./access-policy";
export { AccountsService, changeAccountStatus } from "./accounts.service";
export { CustomersService } from "./customers.service";
export { RegistrationService } from "./registration.service";
export { StaffService } from "./staff.service";
export { requiredDocuments, missingDocuments, type DocumentRequirement } from "./registration";
export { approvalInstanceId, type ApprovalParams, type ApprovalWorkflowClient, type DocumentStore } from "./registration.ports";

/**
 * Customer groups and pricing — "best price across groups" (pricing implements it): a buyer in
 * several groups (the token's `groups`, for employees the account's groups) is quoted, per
 * variant and quantity, the LOWEST unit price among every price that applies to any of its
 * groups and to no group at all (the base price), after each candidate's own tier for that
 * quantity is applied, compared in the same currency and tax basis. Ties keep the first by
 * (group code, price id) so the choice is deterministic. Group order never matters.
 */
export const BEST_PRICE_ACROSS_GROUPS_NOTE = "lowest applicable unit price among base and all the buyer's group prices, per variant and quantity";

declare module "../kernel/graphql/context" {
  interface Services {
    accounts: AccountsService;
    customers: CustomersService;
    registration: RegistrationService;
    staff: StaffService;
  }
}
