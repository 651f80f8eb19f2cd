// Generated field tests of waldur.VolumeRestoration (see ../field-tests.ts).
import { describeFieldTests } from "../field-tests";

describeFieldTests("waldur.VolumeRestoration");
