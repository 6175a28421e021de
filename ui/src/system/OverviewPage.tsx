import { KeychainStatusRow } from "../components/KeychainStatusRow";
import { ServerStatusRow } from "../components/ServerStatusRow";
import { StatusCard } from "../components/StatusCard";

export function OverviewPage() {
  return (
    <div className="page">
      <StatusCard
        title="System status"
        description="Whether this computer can reach your brokerage server and store credentials securely."
      >
        <ServerStatusRow />
        <KeychainStatusRow />
      </StatusCard>
    </div>
  );
}
