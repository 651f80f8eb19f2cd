// Generated field tests of cinder.Backup (see ../field-tests.ts).
import { describeFieldTests } from "../field-tests";

describeFieldTests("cinder.Backup");
