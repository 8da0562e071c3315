"use client";

import { useEffect, useMemo } from "react";
import { updateUserAction } from "@/app/admin/users/actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessages } from "@/components/ui/form-message";
import type { AdminUserFormValues } from "@/lib/validation/admin";
import { formatTime } from "./format";

export type EditableUser = {
  id: string;
  username: string;
  email: string | null;
  phoneNumber: string;
  isActive: boolean;
  isStaff: boolean;
  mfaEnabled: boolean;
  dateJoined: string;
  deletedAt: string | null;
};

const FIELDS = ["email", "phoneNumber", "isActive", "isStaff"] as const;
const fieldset = "flex flex-col gap-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800";
const legend = "px-1 text-sm font-semibold text-zinc-900 dark:text-zinc-100";

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="contents">
      <dt className="font-medium text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="break-all">{value}</dd>
    </div>
  );
}

function Checkbox({
  label,
  error,
  hint,
  ...input
}: React.ComponentProps<"input"> & { label: string; error?: string; hint?: string }) {
  const id = `user-${input.name}`;
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center gap-2">
        <input
          {...input}
          id={id}
          type="checkbox"
          className="size-4"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
        />
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
      </div>
      <p id={`${id}-hint`} className="pl-6 text-sm text-zinc-600 dark:text-zinc-400">
        {hint}
      </p>
      {error && (
        <p id={`${id}-error`} className="pl-6 text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}

const validation = lazyZodResolver(() => import("@/lib/validation/admin").then((module) => module.adminUserFormSchema));

/** On one's own record: what the server refuses (see lib/admin/update-user.ts), shown up front. */
const OWN_ACTIVE = "You cannot deactivate your own account.";
const OWN_STAFF = "You cannot remove your own staff access.";

/**
 * A user's record as staff see and edit it; the server action re-checks everything. On one's own
 * record (`self`) Active and Staff are shown disabled, with the reason: they are left out of the
 * form, so Save keeps them as they are.
 */
export function UserEditForm({ user, self = false }: { user: EditableUser; self?: boolean }) {
  const defaults = useMemo<AdminUserFormValues>(
    () => ({ email: user.email ?? "", phoneNumber: user.phoneNumber, isActive: user.isActive, isStaff: user.isStaff }),
    [user.email, user.phoneNumber, user.isActive, user.isStaff],
  );
  const { register, reset, errors, isSubmitting, server, onSubmit } = useServerForm({
    resolver: validation.resolver,
    defaultValues: defaults,
    fields: FIELDS,
    action: (values: AdminUserFormValues) => updateUserAction(user.id, values),
  });

  // The page re-renders with the saved (normalised) values: show those.
  useEffect(() => reset(defaults), [defaults, reset]);

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5" aria-label="Edit user">
      <FormMessages server={server} />
      <div className="grid gap-5 md:grid-cols-2">
        <fieldset className={fieldset}>
          <legend className={legend}>Identity</legend>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            <Row label="Username" value={user.username} />
            <Row label="User id" value={user.id} />
          </dl>
        </fieldset>
        <fieldset className={fieldset}>
          <legend className={legend}>Contact</legend>
          <Field
            label="Email"
            type="email"
            autoComplete="off"
            hint="Leave empty to remove it."
            error={errors.email?.message}
            {...register("email")}
          />
          <Field
            label="Phone number"
            type="tel"
            autoComplete="off"
            error={errors.phoneNumber?.message}
            {...register("phoneNumber")}
          />
        </fieldset>
        <fieldset className={fieldset}>
          <legend className={legend}>Status</legend>
          {self ? (
            <>
              <Checkbox label="Active" hint={OWN_ACTIVE} name="isActive" checked={user.isActive} disabled readOnly />
              <Checkbox label="Staff" hint={OWN_STAFF} name="isStaff" checked={user.isStaff} disabled readOnly />
            </>
          ) : (
            <>
              <Checkbox
                label="Active"
                hint="Inactive users cannot sign in; turning this off ends their sessions."
                error={errors.isActive?.message}
                {...register("isActive")}
              />
              <Checkbox
                label="Staff"
                hint="Staff can use this console."
                error={errors.isStaff?.message}
                {...register("isStaff")}
              />
            </>
          )}
          {/* Read-only: turning it on or off takes the user's own password and a current code. */}
          <p className="text-sm">Two-factor: {user.mfaEnabled ? "On" : "Off"}</p>
          <p className="text-sm">{user.deletedAt ? `Deleted on ${formatTime(user.deletedAt)}.` : "Not deleted."}</p>
        </fieldset>
        <fieldset className={fieldset}>
          <legend className={legend}>Dates</legend>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            <Row label="Joined" value={formatTime(user.dateJoined)} />
            <Row label="Deleted" value={formatTime(user.deletedAt)} />
          </dl>
        </fieldset>
      </div>
      <div>
        <Button pending={isSubmitting}>Save</Button>
      </div>
    </form>
  );
}
