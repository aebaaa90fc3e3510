import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import { CreateSecretCommand, GetRandomPasswordCommand } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { generatedName, json, type ResourceCreator, str } from './provision-context.ts';

const createKey: ResourceCreator = async (_id, props, { clients }) => {
  const { KeyMetadata } = await clients.kms.send(
    new CreateKeyCommand({
      Description: str(props.Description),
      Policy: json(props.KeyPolicy),
      KeySpec: str(props.KeySpec) as never,
      KeyUsage: str(props.KeyUsage) as never,
      MultiRegion: props.MultiRegion as boolean | undefined,
    }),
  );
  if (!KeyMetadata?.KeyId || !KeyMetadata.Arn) throw new Error('CreateKey returned no key');
  if (props.EnableKeyRotation === true) {
    await clients.kms.send(new EnableKeyRotationCommand({ KeyId: KeyMetadata.KeyId }));
  }
  return { ref: KeyMetadata.KeyId, attributes: { Arn: KeyMetadata.Arn, KeyId: KeyMetadata.KeyId } };
};

const createAlias: ResourceCreator = async (_id, props, { clients }) => {
  const AliasName = String(props.AliasName);
  await clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: str(props.TargetKeyId) }));
  return { ref: AliasName, attributes: {} };
};

/** `GenerateSecretString` is CloudFormation's own feature: GetRandomPassword with the same options does the same. */
async function generatedSecret(
  options: Record<string, unknown>,
  context: Parameters<ResourceCreator>[2],
): Promise<string> {
  const { RandomPassword } = await context.clients.secrets.send(
    new GetRandomPasswordCommand({
      PasswordLength: options.PasswordLength as number | undefined,
      ExcludeCharacters: str(options.ExcludeCharacters),
      ExcludeNumbers: options.ExcludeNumbers as boolean | undefined,
      ExcludePunctuation: options.ExcludePunctuation as boolean | undefined,
      ExcludeUppercase: options.ExcludeUppercase as boolean | undefined,
      ExcludeLowercase: options.ExcludeLowercase as boolean | undefined,
      IncludeSpace: options.IncludeSpace as boolean | undefined,
      RequireEachIncludedType: options.RequireEachIncludedType as boolean | undefined,
    }),
  );
  if (!RandomPassword) throw new Error('GetRandomPassword returned nothing');
  if (options.SecretStringTemplate === undefined) return RandomPassword;
  const document = JSON.parse(String(options.SecretStringTemplate)) as Record<string, unknown>;
  return JSON.stringify({ ...document, [String(options.GenerateStringKey)]: RandomPassword });
}

const createSecret: ResourceCreator = async (id, props, context) => {
  const generate = props.GenerateSecretString as Record<string, unknown> | undefined;
  const secretString = generate ? await generatedSecret(generate, context) : str(props.SecretString);
  const { ARN, Name } = await context.clients.secrets.send(
    new CreateSecretCommand({
      Name: str(props.Name) ?? generatedName(context, id, { maxLength: 64, withStackName: false }),
      Description: str(props.Description),
      KmsKeyId: str(props.KmsKeyId),
      SecretString: secretString,
    }),
  );
  if (!ARN || !Name) throw new Error('CreateSecret returned no ARN');
  return { ref: ARN, attributes: { Id: ARN } };
};

/** A plain SSM parameter with the template's value (its physical id is its name). */
const createParameter: ResourceCreator = async (id, props, context) => {
  const Name = str(props.Name) ?? `/${generatedName(context, id, { maxLength: 200, withStackName: true })}`;
  await context.clients.ssm.send(
    new PutParameterCommand({
      Name,
      Value: String(props.Value),
      Type: (str(props.Type) ?? 'String') as never,
      Description: str(props.Description),
    }),
  );
  return { ref: Name, attributes: { Type: str(props.Type) ?? 'String', Value: String(props.Value) } };
};

export const keyCreators: Record<string, ResourceCreator> = {
  'AWS::KMS::Key': createKey,
  'AWS::KMS::Alias': createAlias,
  'AWS::SecretsManager::Secret': createSecret,
  'AWS::SSM::Parameter': createParameter,
};
