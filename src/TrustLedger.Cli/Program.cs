Console.WriteLine("trustledger");
