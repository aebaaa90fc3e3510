import { queryApi, xmlField } from './aws-clients.ts';
import { generatedName, json, type ResourceCreator, str } from './provision-context.ts';

const createRole: ResourceCreator = async (id, props, context) => {
  const RoleName = str(props.RoleName) ?? generatedName(context, id, { maxLength: 64 });
  const created = await queryApi(context.endpoint, 'iam', 'CreateRole', {
    RoleName,
    AssumeRolePolicyDocument: json(props.AssumeRolePolicyDocument) as string,
    ...(props.Description ? { Description: String(props.Description) } : {}),
    ...(props.Path ? { Path: String(props.Path) } : {}),
  });
  for (const PolicyArn of (props.ManagedPolicyArns as string[] | undefined) ?? []) {
    await queryApi(context.endpoint, 'iam', 'AttachRolePolicy', { RoleName, PolicyArn });
  }
  for (const inline of (props.Policies as Array<{ PolicyName: string; PolicyDocument: unknown }> | undefined) ?? []) {
    await putRolePolicy(context.endpoint, RoleName, inline.PolicyName, inline.PolicyDocument);
  }
  return { ref: RoleName, attributes: { Arn: xmlField(created, 'Arn'), RoleId: xmlField(created, 'RoleId') } };
};

/** AWS::IAM::Policy is an inline policy of each role it names. */
const createPolicy: ResourceCreator = async (_id, props, context) => {
  const PolicyName = String(props.PolicyName);
  for (const role of (props.Roles as string[] | undefined) ?? []) {
    await putRolePolicy(context.endpoint, role, PolicyName, props.PolicyDocument);
  }
  if ((props.Users as unknown[] | undefined)?.length || (props.Groups as unknown[] | undefined)?.length) {
    throw new Error('AWS::IAM::Policy for users or groups is not supported by the harness');
  }
  return { ref: PolicyName, attributes: {} };
};

export async function putRolePolicy(
  endpoint: string,
  RoleName: string,
  PolicyName: string,
  document: unknown,
): Promise<void> {
  await queryApi(endpoint, 'iam', 'PutRolePolicy', {
    RoleName,
    PolicyName,
    PolicyDocument: json(document) as string,
  });
}

export const iamCreators: Record<string, ResourceCreator> = {
  'AWS::IAM::Role': createRole,
  'AWS::IAM::Policy': createPolicy,
};
