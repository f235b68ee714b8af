import { Command } from 'commander';
import { adminClientFor, requireLab } from '../lab-connection';
import { keyValue } from '../option-parsers';
import { CliError } from '../cli-error';

/** `outage-lab fault list|on|off`: the instructor's switchboard (uses the admin token of the running lab). */
export function faultCommand(): Command {
  const fault = new Command('fault').description('list, switch on and switch off the faults of the running lab');

  fault
    .command('list')
    .description('every fault of every service (or of one) with its state and parameters')
    .argument('[service]')
    .option('--json', 'print JSON')
    .action(async (service: string | undefined, opts: { json?: boolean }) => {
      const state = await requireLab();
      const names = service ? [service] : Object.keys(state.services).filter((s) => s !== 'lab-exporter');
      const rows = [];
      for (const name of names) {
        for (const f of await adminClientFor(state, name).listFaults()) rows.push({ service: name, ...f });
      }
      if (opts.json) {
        console.log(JSON.stringify(rows, null, 2));
        return;
      }
      for (const r of rows) {
        console.log(`${r.service.padEnd(12)} ${r.name.padEnd(26)} ${r.enabled ? 'ON ' : 'off'} ${JSON.stringify(r.params)}`);
        console.log(`${''.padEnd(12)} ${r.description}`);
      }
    });

  fault
    .command('on')
    .description('switch a fault on (or change its parameters)')
    .argument('<service>')
    .argument('<fault>')
    .option('-p, --param <key=value>', 'a parameter (repeatable)', keyValue, {})
    .action(async (service: string, name: string, opts: { param: Record<string, unknown> }) => {
      const result = await adminClientFor(await requireLab(), service).enableFault(name, opts.param);
      console.log(`${service} ${result.name}: on ${JSON.stringify(result.params)}`);
    });

  fault
    .command('off')
    .description('switch a fault off (memory it already took stays until the service restarts)')
    .argument('<service>')
    .argument('[fault]', 'omit with --all')
    .option('--all', 'every fault of the service')
    .action(async (service: string, name: string | undefined, opts: { all?: boolean }) => {
      const client = adminClientFor(await requireLab(), service);
      const names = opts.all ? (await client.listFaults()).filter((f) => f.enabled).map((f) => f.name) : name ? [name] : [];
      if (names.length === 0 && !opts.all) throw new CliError('name a fault, or pass --all');
      for (const n of names) {
        await client.disableFault(n);
        console.log(`${service} ${n}: off`);
      }
    });
  return fault;
}
