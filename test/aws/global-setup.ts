import type { TestProject } from 'vitest/node';
import { startMotoServer } from './harness/moto-server.ts';
import { synthesizeTemplate } from './harness/synthesize-template.ts';
import type { CfnTemplate } from './harness/template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the moto_server this run started. */
    motoEndpoint: string;
    /** The synthesized CloudFormation template of the stack (the stage in harness/synthesize-template.ts). */
    template: CfnTemplate;
  }
}

/**
 * Once per `npm run test:aws`: moto_server on a free loopback port (AWS managed IAM policies loaded, so the
 * functions' roles can attach AWSLambdaBasicExecutionRole as the template says) and the synthesized template.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Throws "moto_server not found: pip install 'moto[server]'" when it is absent.
  const moto = await startMotoServer({ env: { MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' } });
  try {
    project.provide('template', synthesizeTemplate());
  } catch (error) {
    await moto.stop();
    throw error;
  }
  project.provide('motoEndpoint', moto.endpoint);
  return () => moto.stop();
}
