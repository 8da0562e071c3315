import type { SessionUser } from "@/lib/accounts/token-user";
import { Card } from "@/components/ui/card";
import { twoFactorStatus } from "@/lib/two-factor/totp-enrolment";
import { TwoFactorSettings } from "./two-factor-settings";

/** The "Two-factor authentication" card of /account/security. */
export async function TwoFactorCard({ user }: { user: SessionUser }) {
  const status = await twoFactorStatus(user.id);
  return (
    <Card
      heading="Two-factor authentication"
      description="A code from an authenticator app on your phone, asked after your password, keeps your account safe even if someone learns the password."
    >
      <TwoFactorSettings
        on={status.totp === "on"}
        enabledOn={status.enabledAt?.toISOString().slice(0, 10)}
        recoveryCodesLeft={status.recoveryCodesLeft}
        username={user.username}
      />
    </Card>
  );
}
