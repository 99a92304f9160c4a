import { loadPolicy } from "@mcpgw/gateway";
import { BaseCommand } from "../../base-command.js";
import { formatFlag } from "../../docker-flags.js";
import { policyFlag, policyPath } from "../../policy-file.js";
import { secretChainFor, secretsFlag } from "../../secrets-flag.js";

export default class PolicyShow extends BaseCommand {
  static override summary = "Show the access policy in effect: its rules, its default, and its named tokens by name only.";
  static override description =
    "Reads --policy (default MCPGW_HOME/policy.yaml), as `gateway run` does, and resolves each named token's secret through --secrets to say whether it is enabled. " +
    "Token values are never shown.";
  static override examples = ["<%= config.bin %> policy show", "<%= config.bin %> policy show --json"];
  static override enableJsonFlag = true;
  static override flags = { policy: policyFlag, secrets: secretsFlag, format: formatFlag };

  async run() {
    const { flags } = await this.parse(PolicyShow);
    const file = policyPath(this.home, flags.policy);
    const secrets = await secretChainFor(flags.secrets, this.home, (m) => this.notice(m));
    const loaded = await loadPolicy({ file, explicit: flags.policy !== undefined, secrets });
    for (const warning of loaded.warnings) this.notice(`warning: ${warning}`);
    if (!loaded.policy || !loaded.report) {
      if (!this.jsonEnabled()) this.log(`No access policy (${file} does not exist): every caller sees every tool.`);
      return { file, policy: null };
    }
    const result = {
      file,
      default: loaded.policy.default,
      rules: loaded.policy.rules,
      tokens: { enabled: loaded.tokens.map((t) => ({ name: t.name, scopes: [...t.scopes] })), disabled: loaded.report.tokens.disabled },
    };
    if (!this.jsonEnabled()) {
      this.log(`Access policy ${file}: default ${result.default}.`);
      loaded.policy.rules.forEach((rule, index) => {
        const who = [
          rule.subjects && `subjects ${rule.subjects.join(", ")}`,
          rule.scopes && `scopes ${rule.scopes.join(", ")}`,
          rule.clients && `clients ${rule.clients.join(", ")}`,
          rule.via && `via ${rule.via}`,
          rule.profiles && `profiles ${rule.profiles.join(", ")}`,
        ].filter(Boolean);
        const what = [rule.allow && `allow ${rule.allow.join(", ")}`, rule.deny && `deny ${rule.deny.join(", ")}`].filter(Boolean);
        this.log(`  rule ${index + 1}: ${who.join("; ")} → ${what.join("; ")}`);
      });
      for (const token of result.tokens.enabled) this.log(`  token ${token.name}: enabled${token.scopes.length > 0 ? `, scopes ${token.scopes.join(", ")}` : ""}`);
      for (const token of result.tokens.disabled) this.log(`  token ${token.name}: disabled (${token.reason})`);
    }
    return result;
  }
}
