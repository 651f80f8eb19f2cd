// Generated field tests of cinder.BackupRestore (see ../field-tests.ts).
import { describeFieldTests } from "../field-tests";

describeFieldTests("cinder.BackupRestore");
