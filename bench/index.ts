/**
 * `npm run bench`: the provider's cost, each figure measured in this run on this machine and reported as a count
 * or as a ratio against a baseline from the same run. Never a timed assertion: numbers are printed.
 */
import { cinderRows } from "./cinder";
import { powervcRows } from "./powervc";
import { printTable, type Row } from "./table";
import { restorePollingRow, trilioRows } from "./trilio";
import { waldurRows } from "./waldur";

async function main(): Promise<void> {
  console.log(`pulumi-openstack-dataprotection bench, ${new Date().toISOString()}, node ${process.version}`);
  const rows: Row[] = [
    ...(await trilioRows()),
    ...(await waldurRows()),
    ...(await powervcRows()),
    ...(await cinderRows()),
  ];
  for (const minutes of [1, 5, 20, 60]) rows.push(await restorePollingRow(minutes));
  printTable(["measure", "value", "note"], rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
