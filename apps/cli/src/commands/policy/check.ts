import { BaseCommand } from "../../base-command.js";
import { policyFlag, policyPath, readPolicyOrFail } from "../../policy-file.js";

export default class PolicyCheck extends BaseCommand {
  static override summary = "Check the access policy file: exit non-zero, with file:line errors, when it does not parse.";
  static override examples = ["<%= config.bin %> policy check", "<%= config.bin %> policy check --policy ./policy.yaml"];
  static override enableJsonFlag = true;
  static override flags = { policy: policyFlag };

  async run() {
    const { flags } = await this.parse(PolicyCheck);
    const file = policyPath(this.home, flags.policy);
    const { policy, tokens } = await readPolicyOrFail(file, (line) => this.notice(line));
    if (!this.jsonEnabled()) {
      this.log(`${file} is valid: ${policy.rules.length} ${policy.rules.length === 1 ? "rule" : "rules"}, default ${policy.default}, ${tokens.length} named ${tokens.length === 1 ? "token" : "tokens"}.`);
    }
    return { file, valid: true, rules: policy.rules.length, default: policy.default, tokens: tokens.map((t) => t.name) };
  }
}
