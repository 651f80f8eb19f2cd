// Generated field tests of waldur.Snapshot (see ../field-tests.ts).
import { describeFieldTests } from "../field-tests";

describeFieldTests("waldur.Snapshot");
